"""Every table, imported here so that the metadata (and Alembic) sees them all."""

from app.models.base import TableBase
from app.models.budget import Budget
from app.models.citation import CITED_FACTS, Citation
from app.models.metric import Metric
from app.models.organization import Organization
from app.models.person import Person
from app.models.project import Project
from app.models.source import Source
from app.models.statement import Statement

__all__ = ["CITED_FACTS", "Budget", "Citation", "Metric", "Organization", "Person", "Project", "Source", "Statement", "TableBase"]
