"""The loan engine: repayment schedules and the payment waterfall."""
