"""The register's pages. Every one is for the user's own LA's register officers, with
two-factor sign-in, is never cached, and audits what it shows or changes."""
