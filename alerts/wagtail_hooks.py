"""E-mail alerts in the admin: the viewset and its menu (alerts.console) and the audit
log's actions (alerts.privacy), which name an address by its keyed hash only."""

from functools import partial

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .console import AlertsViewSet

ADDRESS_ACTIONS = {
    "alerts.suppress": ("Suppress email address", "Added to the suppression list"),
    "alerts.unsuppress": ("Unsuppress email address", "Removed from the suppression list"),
    "alerts.erase": ("Erase email address", "Erased from email alerts"),
}


@hooks.register("register_admin_viewset")
def register_console():
    return AlertsViewSet()


class AddressFormatter(LogFormatter):
    def __init__(self, label, message):
        self.label, self.message = label, message

    def format_message(self, log_entry):
        return f"{self.message} (address ref. {log_entry.data.get('address', '?')})"


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for name, (label, message) in ADDRESS_ACTIONS.items():
        actions.register_action(name)(partial(AddressFormatter, label, message))
