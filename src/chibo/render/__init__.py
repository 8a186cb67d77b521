"""Renderers: the document model to DOCX, HTML and PDF, and the PDF layout check."""
