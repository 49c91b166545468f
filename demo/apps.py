from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark content: `load_demo`, `make_bench_data`, `create_demo_accounts`
    and the make_* factories they share with the tests. At the top of the house: it may
    import every app, and no production code imports it."""

    name = "demo"
    verbose_name = "Demo content"
    default_auto_field = "django.db.models.BigAutoField"
