"""Bad inputs through the importer and the Sphinx build: no crash, located warnings, no script."""
