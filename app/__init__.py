"""The public-project accountability API: a sourced dataset about public projects."""
