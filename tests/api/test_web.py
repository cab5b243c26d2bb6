"""The chat page's route and static files, through the app (the page itself is tested in tests/browser)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_root_serves_the_chat_page(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<script src="/static/chat.js" defer></script>' in response.text


def test_page_assets_are_served_from_the_package(client: TestClient) -> None:
    for path, kind in (("/static/chat.js", "javascript"), ("/static/chart.js", "javascript"),
                       ("/static/chat.css", "text/css")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert kind in response.headers["content-type"], path


def test_page_loads_nothing_from_other_hosts(client: TestClient) -> None:
    page = client.get("/").text + client.get("/static/chat.js").text + client.get("/static/chart.js").text
    assert "https://" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_missing_static_file_is_a_json_404(client: TestClient) -> None:
    response = client.get("/static/nope.js")
    assert response.status_code == 404
    assert response.json()["error"] == "http error"
