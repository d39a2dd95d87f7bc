"""Reusable widgets. They know nothing about the database: data comes down, messages go up."""
