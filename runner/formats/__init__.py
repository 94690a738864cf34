"""Other views of a saved JSON report: Markdown, HTML, JUnit, badges; and the diff of two."""
