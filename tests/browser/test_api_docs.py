"""/docs and /redoc render the API's operations with the network cut off (their assets are the app's own)."""

from tests.browser.conftest import Reader


def test_swagger_ui_lists_the_operations_offline(reader: Reader) -> None:
    page = reader.visit("/docs")
    projects = page.locator('.opblock-summary-path[data-path="/v1/projects"]').first
    projects.wait_for()
    assert page.locator(".opblock").count() > 40
    reader.check("docs-swagger-ui")


def test_redoc_lists_the_operations_offline(reader: Reader) -> None:
    page = reader.visit("/redoc")
    page.locator('[data-section-id="operation/list_projects"]').wait_for()
    assert page.locator('[data-section-id^="operation/"]').count() > 40
    # ReDoc lays all operations out at once (~58,000 elements): axe's colour-contrast rule takes minutes on
    # that page, so axe checks the menu and one operation, without that rule; Swagger UI gets every rule.
    reader.check("docs-redoc", full_page=False,
                 axe_context={"include": [[".menu-content"], ['[data-section-id="operation/list_projects"]']]},
                 axe_options={"rules": {"color-contrast": {"enabled": False}}})
