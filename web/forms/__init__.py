"""WTForms forms rendered with the GOV.UK widgets; the service does the real checking."""
