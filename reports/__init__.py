"""PDF documents (ReportLab): plain data in, PDF out. Never imports Qt."""
