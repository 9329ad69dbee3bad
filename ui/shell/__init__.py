"""The main window and what frames every section: navigation, context, status."""
