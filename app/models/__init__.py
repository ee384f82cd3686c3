"""Every table, imported here so that the metadata (and Alembic) sees them all."""

from app.models.api_token import ApiToken, TokenScope
from app.models.base import TableBase
from app.models.budget import Budget
from app.models.budget_total import BudgetTotal
from app.models.citation import CITABLE_FIELDS, CITED_FACTS, Citation
from app.models.idempotency_key import IdempotencyKey
from app.models.metric import Metric
from app.models.organization import Organization
from app.models.person import Person
from app.models.project import Project
from app.models.project_event import ProjectEvent
from app.models.project_figures import ProjectFigures
from app.models.revision import Revision, RevisionAction
from app.models.source import Source
from app.models.source_check import CitationCheck, SourceCheck
from app.models.statement import Statement
from app.models.statement_link import LINKED_FACTS, LinkRating, StatementLink

__all__ = ["CITABLE_FIELDS", "CITED_FACTS", "LINKED_FACTS", "ApiToken", "Budget", "BudgetTotal", "Citation", "CitationCheck", "IdempotencyKey",
           "LinkRating", "Metric", "Organization", "Person", "Project", "ProjectEvent", "ProjectFigures", "Revision", "RevisionAction", "Source",
           "SourceCheck", "Statement", "StatementLink", "TableBase", "TokenScope"]
