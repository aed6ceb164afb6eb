"""Dialogs with class-method entry points (`PaymentDialog.post(...) -> Payment | None`)."""
