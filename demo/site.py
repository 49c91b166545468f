"""The network's home page, its blogs and the standard pages in the footer."""

import datetime

from django.conf import settings

HOME = {
    "title": "GOV.UK blogs",
    "introduction": "Blogs by people who work in government: what we are doing, how we do it "
    "and what we have learned.",
}

TECHNOLOGY = {
    "title": "Government Technology",
    "slug": "technology",
    "short_description": "How government uses technology to build better public services: "
    "open source, security, cloud and the standards that tie them together.",
    "organisations": "Government Digital Service",
    "location": "London",
    # The demo's posts are years old: comments stay open so the form can be tried.
    "comments": {"comments_close_after_days": None},
}

DATA = {
    "title": "Data in government",
    "slug": "data",
    "short_description": "How government collects, publishes and uses data, and the people "
    "who do it.",
    "organisations": "Office for National Statistics",
    "location": "Newport",
}

REVIEWED = datetime.date(2025, 1, 6)
CONTACT = "digital-blogs@example.gov.uk"
ALERTS_CONFIRM_DAYS = settings.ALERTS_CONFIRM_DAYS

STANDARD_PAGES = [
    {
        "title": "About GOV.UK blogs",
        "slug": "about",
        "summary": "Who writes these blogs and why.",
        "body": "<p>GOV.UK blogs is a network of blogs written by people who work in "
        "government. Teams use them to explain what they are doing, to share what they have "
        "learned and to hear from the people who use their services.</p>"
        "<h2>Who writes here</h2>"
        "<p>Each blog belongs to a department, agency or profession. Its writers are the people "
        "doing the work, and every post is reviewed before it is published.</p>"
        f'<h2>Contact us</h2><p>Email <a href="mailto:{CONTACT}">{CONTACT}</a>.</p>',
    },
    {
        "title": "Accessibility statement",
        "slug": "accessibility-statement",
        "summary": "How accessible GOV.UK blogs is and how to report a problem.",
        "body": "<p>This statement applies to all the blogs on the GOV.UK blogs network. We "
        "want as many people as possible to be able to use them. You should be able to zoom in "
        "up to 400% without text spilling off the screen, and to use every page with a "
        "keyboard, speech recognition software or a screen reader.</p>"
        "<h2>How accessible this website is</h2>"
        "<p>We test every page template against the Web Content Accessibility Guidelines "
        "(WCAG) 2.2 at level AA. Some older posts may have images without a text description "
        "or PDF attachments that are not fully accessible.</p>"
        "<h2>Reporting accessibility problems</h2>"
        "<p>If you find a problem that is not listed here, or need information in a different "
        f'format, email <a href="mailto:{CONTACT}">{CONTACT}</a>. We will reply within 5 '
        "working days.</p>"
        "<h2>Enforcement procedure</h2>"
        "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
        "accessibility regulations. If you are not happy with how we respond to your complaint, "
        '<a href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory and '
        "Support Service (EASS)</a>.</p>",
    },
    {
        "title": "Privacy notice",
        "slug": "privacy",
        "summary": "What personal data we collect when you comment or sign up to alerts, "
        "and what we do with it.",
        "body": "<p>This notice explains what personal data GOV.UK blogs collects and how we "
        "use it.</p>"
        "<h2>What we collect</h2>"
        "<ul><li>your name, email address and comment when you comment on a post</li>"
        "<li>your email address and choices when you sign up to email alerts</li></ul>"
        "<h2>How we use it</h2>"
        "<p>We use your email address only to moderate your comment or to send the alerts you "
        "asked for. We never publish it and never share it with anyone else, except the "
        "service that sends our emails for us (below).</p>"
        "<h2>How long we keep it</h2>"
        "<p>We keep comments for as long as the post is published. We delete the email "
        "address and internet (IP) address sent with a comment 12 months after it is sent.</p>"
        "<p>For email alerts we keep:</p>"
        "<ul><li>your email address and the topics and frequency you chose, until you "
        "unsubscribe: every email has a link to do so, and we then delete them straight "
        "away</li>"
        "<li>a sign-up you did not confirm, for "
        f"{ALERTS_CONFIRM_DAYS} days: after that the confirmation link no longer works and "
        "we delete the sign-up</li>"
        "<li>a record of each alert we sent (which post, when, and whether it was delivered), "
        "used to count deliveries and failures: once you unsubscribe it no longer includes "
        "your address</li>"
        "<li>a list of addresses we must not send to, because emails to them bounced or their "
        "owner complained: we keep the address for as long as it is needed to stop sending to "
        "it, and remove it if you ask us to delete your data</li></ul>"
        "<h2>Who processes it</h2>"
        "<p>When we use GOV.UK Notify to send alert emails, it processes your email address "
        "for us, and keeps its own delivery records for a limited time under its own privacy "
        "notice. Otherwise our own mail server sends them.</p>"
        "<h2>Your rights</h2>"
        "<p>You can ask to see, correct or delete the data we hold about you: email "
        f'<a href="mailto:{CONTACT}">{CONTACT}</a>. If you are not '
        'happy with how we handle your data, you can <a href="https://ico.org.uk/make-a-complaint/">'
        "complain to the Information Commissioner’s Office</a>.</p>",
    },
    {
        "title": "Cookies",
        "slug": "cookies",
        "summary": "The cookies GOV.UK blogs uses.",
        "body": "<p>Cookies are small files saved on your device when you visit a website.</p>"
        "<h2>Essential cookies</h2>"
        "<p>We use a cookie to protect the comment and alerts forms from forgery. It expires "
        "when you close your browser. We do not need your consent for it.</p>"
        "<h2>Analytics and advertising</h2>"
        "<p>We do not use analytics, advertising or social media cookies, and share links do "
        "not load anything from other websites.</p>",
    },
    {
        "title": "Comments and moderation policy",
        "slug": "comments-and-moderation-policy",
        "summary": "How we moderate comments and what we will not publish.",
        "body": "<p>We welcome comments on our posts. Every comment is read by a moderator "
        "before it is published, usually within 2 working days.</p>"
        "<h2>What we will not publish</h2>"
        "<ul><li>abusive, offensive or discriminatory language</li>"
        "<li>personal information about you or anyone else</li>"
        "<li>party political content</li>"
        "<li>advertising or spam</li>"
        "<li>comments that are off-topic or that break the law</li></ul>"
        "<h2>Individual cases</h2>"
        "<p>We cannot answer questions about individual cases in the comments. Contact the "
        "department responsible through GOV.UK.</p>",
    },
]
