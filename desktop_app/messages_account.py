"""Sentences for the codes of the customer account: statements and payment reminders (催款).

Not merged into messages.py yet: the account views look here for codes messages.py does not know
(``views/account_tab.account_message``)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def account_templates() -> dict[str, str]:
    return {
        "statement.period_invalid": QT_TRANSLATE_NOOP(
            "Messages", "The statement must end after it starts ({period_from}). Choose a later end date."
        ),
        "dunning.channel_invalid": QT_TRANSLATE_NOOP(
            "Messages", 'Unknown reminder channel "{channel}". Choose printed letter, e-mail or phone.'
        ),
        "dunning.stage_invalid": QT_TRANSLATE_NOOP(
            "Messages", "There is no reminder stage of {stage} days. Choose one of the stages in the list."
        ),
        "dunning.nothing_due": QT_TRANSLATE_NOOP(
            "Messages", "{customer} has no bill overdue long enough for a reminder. Refresh the list."
        ),
        "dunning.stage_not_reached": QT_TRANSLATE_NOOP(
            "Messages", "{customer} is {days} days overdue: the {stage}-day reminder is not due yet."
        ),
        "dunning.already_reminded": QT_TRANSLATE_NOOP(
            "Messages", "{customer} was already reminded at the {stage}-day stage on {on}. Refresh the list."
        ),
    }
