"""Overdue cases: delinquency as of a date, explainable priority, the queue, assignment."""
