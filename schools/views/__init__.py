"""The school pages, the export and the API: thin views over `schools.selectors`, markup in templates."""
