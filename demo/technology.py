"""More posts for the Government Technology blog, written for the demo.

Each post's `body` takes the loader's references (people, images, pages by slug) and
returns the blocks, so posts can show speakers, pictures and links to other posts.
"""

import datetime

from . import seed
from .build import (
    alerts,
    bullets,
    callout,
    code,
    contents,
    embed,
    event,
    heading,
    image,
    key_figures,
    link,
    numbered,
    paragraph,
    quote,
    related_links,
    table,
)

SERVICE_MANUAL = "https://www.gov.uk/service-manual"


def secrets_body(refs):
    return [
        paragraph(
            "<p>Coding in the open makes our work easier to reuse and to scrutinise. The risk "
            "people ask us about most is an accidental commit of a password, an API key or a "
            "token. Here is how we stop that happening, and what we do when it does.</p>"
        ),
        callout(
            "<p>If a secret has been pushed, treat it as compromised: revoke and replace it "
            "first, then clean the repository’s history.</p>",
            style="warning",
        ),
        heading("Stop secrets before they are committed"),
        paragraph(
            "<p>Every repository gets a pre-commit hook that scans each change for things that "
            "look like credentials. It runs on the developer’s machine, so a secret never "
            "leaves it.</p>"
        ),
        code(
            "git secrets --install\ngit secrets --register-aws\ngit secrets --add 'private_key'",
            language="bash",
            caption="Installing git-secrets in a repository",
        ),
        heading("Check what is already there"),
        bullets(
            "scan the whole history, not just the latest commit",
            "keep configuration in environment variables, not in code",
            "give each environment its own credentials",
            "make rotating a credential a routine, rehearsed task",
        ),
        related_links(
            link(page=refs.pages[seed.SLUG]),
            link(
                f"{seed.OPEN_SOURCE_GUIDANCE}/security-considerations-when-coding-in-the-open",
                "Security considerations when coding in the open",
            ),
        ),
        alerts(),
    ]


def meetup_body(refs):
    return [
        paragraph(
            "<p>After the security meetup last September, many of you asked for another. The "
            "next cross-government Open Source meetup is about reuse: finding code another team "
            "has written, and making your own code easy for others to pick up.</p>"
        ),
        event(
            "Cross-government Open Source meetup",
            datetime.date(2018, 2, 27),
            place="The White Chapel Building, 10 Whitechapel High Street, London E1 8QS",
        ),
        heading("What to expect"),
        bullets(
            "short talks from teams who have reused code from other departments",
            "unconference sessions on topics you suggest on the day",
            "time to meet people doing the same work across government",
        ),
        callout(
            "<p>Book by 20 February. Tell us about any access needs when you book, and we "
            "will make sure the venue and the day work for you.</p>",
            style="notification",
            heading_text="Places are limited",
        ),
        embed(
            "https://www.youtube.com/@GDSTeam",
            "Talks from the last Open Source meetup",
            provider="YouTube",
            transcript="<p>Priya Raman: Welcome, everyone. Today we will hear from three "
            "teams who reused code from other departments, and what it saved them.</p>",
        ),
        alerts(),
    ]


def cloud_body(refs):
    return [
        paragraph(
            "<p>Last year our service ran on servers in a data centre we rented by the rack. "
            "This year it runs in the public cloud. Here is how we moved it without taking it "
            "offline.</p>"
        ),
        key_figures(
            ("6", "months from start to switch-over"),
            ("40%", "lower hosting costs"),
            ("0", "minutes of planned downtime"),
            heading_text="The move in numbers",
        ),
        image(
            refs.images["Moving from a data centre to the cloud"],
            caption="We moved the service in stages, one component at a time",
        ),
        heading("What we did"),
        numbered(
            "moved the static assets and the content delivery network first",
            "ran the application in both places, behind the same load balancer",
            "replicated the database, then switched writes over at a quiet time",
            "turned off the old servers once nothing had reached them for a month",
        ),
        table(
            [
                ["", "Data centre", "Cloud"],
                ["Servers", "£12,000 a month", "£7,500 a month"],
                ["Support contract", "£3,000 a month", "Included"],
                ["Time to add capacity", "6 weeks", "Minutes"],
            ],
            caption="Hosting before and after the move (illustrative figures)",
            header_column=True,
        ),
        quote(
            "The biggest change was not the technology. It was that the team could release "
            "whenever they were ready.",
            attribution="Tom Ellis",
            role="Principal Cloud Architect, Government Digital Service",
        ),
        related_links(
            link(
                "https://www.gov.uk/guidance/government-cloud-first-policy",
                "Government Cloud First policy",
            ),
            link(
                f"{SERVICE_MANUAL}/technology/choosing-technology-an-introduction",
                "Choosing technology: an introduction",
            ),
        ),
    ]


def accessibility_body(refs):
    return [
        contents(),
        paragraph(
            "<p>Public sector websites and apps have to meet accessibility standards. We audit "
            "each of our services once a year and before any big change. This is how.</p>"
        ),
        heading("Automated checks"),
        paragraph(
            "<p>We run automated checks on every page in the build pipeline, so that simple "
            "problems such as missing labels never reach users.</p>"
        ),
        code(
            "npx @axe-core/cli https://www.example.service.gov.uk/ --tags wcag2a,wcag2aa",
            language="bash",
            caption="Running axe from the command line",
        ),
        callout(
            "<p>Automated tools only find some accessibility problems. Passing them does not "
            "mean a service is accessible.</p>",
            style="warning",
        ),
        heading("Manual testing"),
        bullets(
            "use every page with a keyboard alone",
            "test with the screen readers people use most: JAWS, NVDA and VoiceOver",
            "zoom to 400% and check nothing is lost or overlaps",
            "check colour contrast, including focus states",
        ),
        heading("Testing with disabled people"),
        paragraph(
            "<p>Audits tell us whether a service meets the standard. Research with disabled "
            "people tells us whether they can use it. We do both.</p>"
        ),
        quote(
            "Each round of research with disabled users found problems our audits had missed.",
            attribution="Grace Okafor",
            role="Accessibility Lead, Government Digital Service",
        ),
        related_links(
            link(
                f"{SERVICE_MANUAL}/helping-people-to-use-your-service/understanding-wcag",
                "Understanding WCAG 2.2",
            ),
            link(
                f"{SERVICE_MANUAL}/helping-people-to-use-your-service/testing-for-accessibility",
                "Testing for accessibility",
            ),
        ),
        alerts(),
    ]


def five_years_body(refs):
    return [
        paragraph(
            "<p>Five years ago teams from across government met to talk about security and "
            "coding in the open. We looked back at what has happened since.</p>"
        ),
        key_figures(("1,200+", "public repositories"), ("3", "leaked secrets, all revoked")),
        heading("Open by default works", numbered=True),
        paragraph(
            "<p>Most new code is now public from the first commit. Teams tell us that knowing "
            "their code will be read makes them write it more carefully.</p>"
        ),
        heading("Mistakes are rare and recoverable", numbered=True),
        paragraph(
            "<p>Scanning caught almost every secret before it was pushed. The three that got "
            "through were revoked within the hour.</p>"
        ),
        heading("Reuse needs more than a licence", numbered=True),
        paragraph(
            "<p>Code gets reused when it has a clear README, a named owner and a way to "
            "report problems. An open licence alone is not enough.</p>"
        ),
        quote(
            "Closed code is not safer code. Well-reviewed code is.",
            attribution="Marcus Reid",
            role="Senior Security Engineer, Government Digital Service",
        ),
        related_links(link(page=refs.pages[seed.SLUG])),
    ]


POSTS = [
    {
        "title": "Join us at the next cross-government Open Source meetup",
        "date": datetime.date(2018, 1, 22),
        "summary": "The next Open Source meetup is about reuse: finding and sharing code "
        "across government. Here is what to expect and how to book.",
        "authors": ["Priya Raman"],
        "categories": ["Events", "Open Source"],
        "tags": ["meetups", "open source"],
        "body": meetup_body,
    },
    {
        "title": "Keeping secrets out of public repositories",
        "date": datetime.date(2018, 3, 14),
        "summary": "How we stop passwords and keys being committed to open code, and what we "
        "do when one slips through.",
        "authors": ["Marcus Reid"],
        "categories": ["Security", "Open Source"],
        "tags": ["security", "coding in the open"],
        "body": secrets_body,
    },
    {
        "title": "How we moved a service to the cloud in 6 months",
        "date": datetime.date(2019, 6, 5),
        "summary": "We moved a live service from a rented data centre to the public cloud, "
        "one component at a time and without downtime.",
        "authors": ["Tom Ellis"],
        "categories": ["Cloud"],
        "tags": ["cloud", "hosting"],
        "body": cloud_body,
    },
    {
        "title": "How we run accessibility audits",
        "date": datetime.date(2021, 9, 23),
        "summary": "Automated checks, manual testing and research with disabled people: the "
        "three parts of every accessibility audit we run.",
        "authors": ["Grace Okafor"],
        "categories": ["Accessibility"],
        "tags": ["accessibility", "testing"],
        "body": accessibility_body,
    },
    {
        "title": "What we learned from 5 years of coding in the open",
        "date": datetime.date(2022, 11, 8),
        "summary": "Five years after the Open Source security meetup, we look back at what "
        "coding in the open has taught us.",
        "authors": ["Priya Raman", "Marcus Reid"],
        "categories": ["Open Source", "Security"],
        "tags": ["open source", "coding in the open"],
        "body": five_years_body,
    },
]
