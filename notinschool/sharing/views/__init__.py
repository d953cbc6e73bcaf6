"""Sharing's views: glue between requests, services, selectors and templates."""
