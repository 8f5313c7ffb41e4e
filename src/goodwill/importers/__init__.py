"""Readers of external formats: each turns a file into a stream of records.

Importers never touch the database: `services.imports` matches their
records to people and writes them in one transaction.
"""
