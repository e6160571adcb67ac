"""Programmes, consultancy questions, enrolments and the self-entry review."""
