"""Pictures for the demo, drawn with Pillow so that nothing is downloaded.

Each entry is what `make_image` needs; the alt text describes what is actually drawn.
"""

from images.models import Licence


def draw_panel(draw, width, height):
    """Three people seated behind a table at the front of a meeting room."""
    draw.rectangle([0, 0, width, height * 0.7], fill="#dfe3e6")  # wall
    draw.rectangle([0, height * 0.7, width, height], fill="#8c7b6b")  # floor
    draw.rectangle([width * 0.3, height * 0.08, width * 0.7, height * 0.38], fill="#0b0c0c")
    clothes = ["#1d70b8", "#d4351c", "#00703c"]
    skin = ["#8d5524", "#e0ac69", "#f1c27d"]
    for index in range(3):
        centre = width * (0.25 + index * 0.25)
        draw.ellipse(
            [centre - 30, height * 0.38, centre + 30, height * 0.38 + 60], fill=skin[index]
        )
        draw.rounded_rectangle(
            [centre - 55, height * 0.38 + 65, centre + 55, height * 0.75],
            radius=20,
            fill=clothes[index],
        )
    draw.rectangle([width * 0.08, height * 0.66, width * 0.92, height * 0.72], fill="#505a5f")


def draw_migration(draw, width, height):
    """A diagram: a box labelled 'Data centre' with an arrow to a box labelled 'Cloud'."""
    box_top, box_bottom = height * 0.3, height * 0.7
    draw.rectangle([width * 0.08, box_top, width * 0.38, box_bottom], fill="#505a5f")
    draw.rectangle([width * 0.62, box_top, width * 0.92, box_bottom], fill="#1d70b8")
    middle = height / 2
    draw.line([width * 0.4, middle, width * 0.58, middle], fill="#0b0c0c", width=8)
    draw.polygon(
        [(width * 0.6, middle), (width * 0.56, middle - 20), (width * 0.56, middle + 20)],
        fill="#0b0c0c",
    )
    for centre, label in ((width * 0.23, "Data centre"), (width * 0.77, "Cloud")):
        draw.text((centre, middle), label, fill="white", anchor="mm", font_size=36)


PANEL_PHOTO = {
    "title": "Open Source security meetup panel",
    "width": 960,
    "height": 540,
    "colour": "#dfe3e6",
    "draw": draw_panel,
    "alt_text": "Three panel members seated at the front of a meeting room",
    "credit": "Government Digital Service",
    "licence": Licence.OGL,
    "copyright_holder": "Crown copyright",
}

MIGRATION_DIAGRAM = {
    "title": "Moving from a data centre to the cloud",
    "width": 960,
    "height": 400,
    "colour": "#f3f2f1",
    "draw": draw_migration,
    "alt_text": "Diagram: an arrow from a box labelled Data centre to a box labelled Cloud",
    "credit": "Government Digital Service",
    "licence": Licence.OGL,
    "copyright_holder": "Crown copyright",
}


def draw_technology_logo(draw, width, height):
    """Angle brackets around a slash, in white on blue: code."""
    line = max(width // 12, 4)
    left, right, top, bottom = width * 0.15, width * 0.85, height * 0.25, height * 0.75
    middle = height / 2
    draw.line([(width * 0.35, top), (left, middle), (width * 0.35, bottom)], "white", line)
    draw.line([(width * 0.65, top), (right, middle), (width * 0.65, bottom)], "white", line)
    draw.line([(width * 0.56, top), (width * 0.44, bottom)], "white", line)


def draw_data_logo(draw, width, height):
    """Three white bars rising left to right on green: a bar chart."""
    base = height * 0.8
    for index, rise in enumerate((0.3, 0.45, 0.6)):
        left = width * (0.18 + index * 0.24)
        draw.rectangle([left, base - height * rise, left + width * 0.16, base], fill="white")


# The demo blogs' logos (BlogPage.logo), by blog slug. The masthead reads the blog's name
# for a logo, so their alt text is the name too.
BLOG_LOGOS = {
    "technology": {
        "title": "Government Technology logo",
        "width": 160,
        "height": 160,
        "colour": "#1d70b8",
        "draw": draw_technology_logo,
        "alt_text": "Government Technology",
        "credit": "Government Digital Service",
        "licence": Licence.OGL,
        "copyright_holder": "Crown copyright",
    },
    "data": {
        "title": "Data in government logo",
        "width": 160,
        "height": 160,
        "colour": "#00703c",
        "draw": draw_data_logo,
        "alt_text": "Data in government",
        "credit": "Office for National Statistics",
        "licence": Licence.OGL,
        "copyright_holder": "Crown copyright",
    },
}
