"""Licence texts of bundled components whose packages ship none (app/licences.py)."""
