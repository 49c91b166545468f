"""Posts for the Data in government blog, written for the demo."""

import datetime

from . import seed
from .build import (
    alerts,
    bullets,
    callout,
    code,
    embed,
    event,
    heading,
    key_figures,
    link,
    numbered,
    paragraph,
    person,
    picked_link,
    picked_post,
    quote,
    related_links,
    speaker,
    table,
)

TABULAR_DATA_STANDARD = (
    "https://www.gov.uk/government/publications/recommended-open-standards-for-government/"
    "tabular-data-standard"
)

CSV_EXAMPLE = """import csv

with open("transactions.csv", newline="", encoding="utf-8") as file:
    for row in csv.DictReader(file):
        print(row["service"], row["month"], row["transactions"])"""

SYNTHETIC_SQL = """-- Keep the shape of the data, not the people in it.
SELECT
  md5(random()::text) AS reference,
  date '1940-01-01' + (random() * 25000)::int AS date_of_birth,
  (ARRAY['Cardiff', 'Leeds', 'Glasgow', 'Belfast'])[1 + floor(random() * 4)::int] AS town
FROM generate_series(1, 10000);"""


def csv_body(refs):
    return [
        paragraph(
            "<p>A CSV file is the simplest way to publish data that anyone can use. It is also "
            "easy to get subtly wrong. These are the rules we follow.</p>"
        ),
        numbered(
            "save the file as UTF-8",
            "put one header row at the top, and nothing above it",
            "write dates as YYYY-MM-DD, such as 2020-02-18",
            "keep one kind of data in each column",
            "do not merge cells or add totals between rows",
        ),
        table(
            [
                ["service", "month", "transactions"],
                ["Apply for a licence", "2020-01", "10250"],
                ["Apply for a licence", "2020-02", "9870"],
                ["Renew a permit", "2020-01", "4312"],
            ],
            caption="A tidy CSV file, shown as a table (illustrative figures)",
        ),
        paragraph("<p>A file like this can be read in a few lines of code:</p>"),
        code(CSV_EXAMPLE, language="python", caption="Reading the file with Python"),
        callout(
            f'<p>The <a href="{TABULAR_DATA_STANDARD}">tabular data standard</a> is the '
            "open standard for publishing tables of data in government.</p>"
        ),
        related_links(link(TABULAR_DATA_STANDARD, "Tabular data standard")),
    ]


def performance_body(refs):
    return [
        paragraph(
            "<p>Every service should know how well it is working, and publishing the numbers "
            "lets everyone else know too. We looked at the data published by a group of "
            "services over a year.</p>"
        ),
        key_figures(
            ("87%", "of transactions completed online"),
            ("4.2 million", "transactions a month"),
            heading_text="Across the services we looked at",
        ),
        heading("Four measures every service should publish"),
        numbered(
            "cost per transaction", "user satisfaction", "completion rate", "digital take-up"
        ),
        table(
            [
                ["Measure", "What it tells you"],
                ["Cost per transaction", "Whether the service is getting more efficient"],
                ["User satisfaction", "How people feel about using it"],
                ["Completion rate", "Where people give up"],
                ["Digital take-up", "How many people choose the online route"],
            ],
            caption="The four measures",
        ),
        quote(
            "Publishing the numbers every month changed the conversation. Teams started asking "
            "why completion dropped, not whether it had.",
            attribution="Siân Evans",
            role="Senior Data Scientist, Office for National Statistics",
        ),
        related_links(
            link(
                "https://www.gov.uk/service-manual/measuring-success/how-to-set-performance-metrics-for-your-service",
                "How to set performance metrics for your service",
            )
        ),
    ]


def data_science_week_body(refs):
    return [
        paragraph(
            "<p>Data Science Week is back. Five days of talks and workshops for anyone who "
            "works with data in the public sector, whatever their job title.</p>"
        ),
        event(
            "Data Science Week 2024",
            datetime.date(2024, 5, 13),
            end_date=datetime.date(2024, 5, 17),
            place="Online, and in Newport and London",
            url="https://www.ons.gov.uk/",
        ),
        heading("Highlights"),
        speaker(
            person(
                name="Amira Haddad",
                job_title="Head of Data Ethics",
                organisation="Office for National Statistics",
            ),
            "<p>Amira will explain how teams can weigh the benefits of a new use of data "
            "against its risks, before they write any code.</p>",
            talk_title="Using data ethically at scale",
        ),
        speaker(
            refs.people["Owen Price"],
            "<p>Owen will show how his team tests every step of the pipelines that publish "
            "official statistics.</p>",
            talk_title="Pipelines you can trust",
        ),
        bullets(
            "an introduction to reproducible analysis",
            "visualising data accessibly",
            "a drop-in clinic for questions about statistical disclosure control",
        ),
        embed(
            "https://www.youtube.com/@ONS",
            "Recordings from last year’s Data Science Week",
            provider="YouTube",
            transcript="<p>Every recording has captions and a transcript.</p>",
        ),
        alerts(
            "Stay up to date with all the latest posts by signing up to alerts from Data in "
            "government blog."
        ),
    ]


def synthetic_data_body(refs):
    return [
        paragraph(
            "<p>Testing a service needs realistic data. Using real people’s records to do it "
            "is a risk we do not need to take.</p>"
        ),
        callout(
            "<p>Test environments are not protected like live ones. Use synthetic data "
            "instead.</p>",
            style="notification",
            heading_text="Never copy live personal data into test environments",
        ),
        heading("How we generate it"),
        paragraph(
            "<p>We generate records that have the same shape as live data: the same columns, "
            "types and spread of values, but no real people.</p>"
        ),
        code(SYNTHETIC_SQL, language="sql", caption="Synthetic records in PostgreSQL"),
        heading("What we check"),
        bullets(
            "no record matches a real person",
            "values fall in the same ranges as live data",
            "rare cases, such as very long names, are included on purpose",
        ),
        quote(
            "Synthetic data found bugs that our tidy hand-made test data never did.",
            attribution="Marcus Reid",
            role="Senior Security Engineer, Government Digital Service",
        ),
    ]


def synthetic_data_links(refs):
    """Its "You may also be interested in": posts of the technology blog, and a page of
    GOV.UK."""
    return [
        picked_post(refs.pages["keeping-secrets-out-of-public-repositories"]),
        picked_post(refs.pages[seed.SLUG], text="Open Source security meetup: 7 lessons"),
        picked_link(
            "https://www.gov.uk/government/publications/data-ethics-framework",
            "Data Ethics Framework",
        ),
    ]


POSTS = [
    {
        "title": "Publishing data as CSV: a short guide",
        "date": datetime.date(2020, 2, 18),
        "summary": "Five rules for publishing CSV files that people and programs can use.",
        "authors": ["Owen Price"],
        "categories": ["Data"],
        "tags": ["open data", "standards"],
        "body": csv_body,
    },
    {
        "title": "Measuring service performance with open data",
        "date": datetime.date(2023, 5, 10),
        "summary": "What a year of published performance data tells us, and the four measures "
        "every service should publish.",
        "authors": ["Siân Evans", "Owen Price"],
        "categories": ["Data"],
        "tags": ["open data", "performance"],
        "body": performance_body,
    },
    {
        "title": "Data Science Week 2024: what’s on",
        "date": datetime.date(2024, 4, 15),
        "summary": "Talks, workshops and clinics for everyone who works with data in the "
        "public sector, online and in person.",
        "authors": ["Siân Evans"],
        "categories": ["Events", "Data"],
        "tags": ["events", "data science"],
        "body": data_science_week_body,
    },
    {
        "title": "Using synthetic data to test services safely",
        "date": datetime.date(2025, 2, 4),
        "summary": "Why we never test with live personal data, and how we generate realistic "
        "synthetic records instead.",
        "authors": ["Siân Evans", "Marcus Reid"],
        "categories": ["Data", "Security"],
        "tags": ["privacy", "testing"],
        "body": synthetic_data_body,
        "related_links": synthetic_data_links,
    },
]
