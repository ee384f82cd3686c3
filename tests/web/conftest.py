import pytest
from sqlmodel import Session

from seed.loader import load_all_cases


@pytest.fixture
def seeded(session: Session) -> Session:
    load_all_cases(session)
    return session
