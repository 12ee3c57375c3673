"""Deployment resources Chalice does not make itself (tables, schedule group), as CloudFormation."""
