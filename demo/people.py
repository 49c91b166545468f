"""The demo's people and categories. The speakers and panellists are the seed post's; the
other authors are invented for the demo."""

GDS = "Government Digital Service"
ONS = "Office for National Statistics"

PEOPLE = [
    {
        "name": "Khidr Suleman",
        "job_title": "Technical Writer, Standards and Assurance",
        "organisation": GDS,
        "bio": "Khidr writes guidance on technology standards for teams across government.",
    },
    {"name": "Anna Shipman", "job_title": "Open Source Lead", "organisation": GDS},
    {
        "name": "Liam Maxwell",
        "job_title": "National Technology Advisor",
        "organisation": "HM Government",
    },
    {
        "name": "Jason Paige",
        "job_title": "Head of Software Engineering",
        "organisation": "HM Courts & Tribunals Service",
    },
    {
        "name": "Helen",
        "job_title": "Engineering Processes and Assurance Lead",
        "organisation": "National Cyber Security Centre",
    },
    {
        "name": "Ahana Datta",
        "job_title": "Head of Technical Security",
        "organisation": "Ministry of Justice",
    },
    {
        "name": "Jenny Duckett",
        "job_title": "Senior Developer",
        "organisation": GDS,
        "bio": "Jenny works on the GDS security engineering team.",
    },
    {
        "name": "Priya Raman",
        "job_title": "Lead Developer",
        "organisation": GDS,
        "bio": "Priya leads a team building shared components for government services.",
    },
    {
        "name": "Tom Ellis",
        "job_title": "Principal Cloud Architect",
        "organisation": GDS,
        "bio": "Tom helps departments move their services to the public cloud.",
    },
    {
        "name": "Grace Okafor",
        "job_title": "Accessibility Lead",
        "organisation": GDS,
        "bio": "Grace runs accessibility audits and trains teams to build inclusive services.",
    },
    {
        "name": "Marcus Reid",
        "job_title": "Senior Security Engineer",
        "organisation": GDS,
        "bio": "Marcus works on secure development practices and incident response.",
    },
    {
        "name": "Owen Price",
        "job_title": "Head of Data Engineering",
        "organisation": ONS,
        "bio": "Owen's team builds the pipelines that publish official statistics.",
    },
    {
        "name": "Siân Evans",
        "job_title": "Senior Data Scientist",
        "organisation": ONS,
        "bio": "Siân works on privacy-preserving ways to share and test with data.",
    },
]

# (name, description, the slug of the blog it belongs to: None for every blog's use).
CATEGORIES = [
    ("Open Source", "Coding in the open, reusing code and contributing back.", "technology"),
    ("Security", "Keeping services, code and data secure.", None),
    ("Accessibility", "Making services that everyone can use.", "technology"),
    ("Data", "Publishing, sharing and using data well.", "data"),
    ("Cloud", "Hosting and running services in the cloud.", "technology"),
    ("Events", "Meetups, conferences and other events across government.", None),
]
