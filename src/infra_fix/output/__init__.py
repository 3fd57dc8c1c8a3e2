"""What a run shows: the patch (`diff`), the reports in every format (`report`, `sarif`, `markdown`, `formats`), with
secret-shaped text redacted (`redact`) and rules linked to their documentation (`links`)."""
