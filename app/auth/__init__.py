"""Who may write: hashed bearer tokens with a scope (editor, admin), their CLI and the FastAPI dependencies."""

from app.auth.dependencies import (ADMIN, AUTH_RESPONSES, EDITOR, AdminDep, EditorDep, authenticate, require_admin,
                                   require_editor)
from app.auth.tokens import Caller

__all__ = ["ADMIN", "AUTH_RESPONSES", "EDITOR", "AdminDep", "Caller", "EditorDep", "authenticate", "require_admin",
           "require_editor"]
