from __future__ import annotations

from .conftest import Cli


def test_add_splits_the_command_like_a_shell(salon: Cli) -> None:
    result = salon("apps", "add", "hotels", "--command", "python 'my apps/server.py' --quiet")

    assert result.exit_code == 0, result.output
    assert "Installed Hotels (hotels, stdio) with 2 tools." in result.stdout
    assert "book_hotel (asks first)" in result.stdout
    assert salon.host.installed[0].command == ["python", "my apps/server.py", "--quiet"]


def test_add_needs_exactly_one_of_url_and_command(salon: Cli) -> None:
    neither = salon("apps", "add", "hotels")
    both = salon("apps", "add", "hotels", "--url", "http://a/mcp", "--command", "python s.py")

    for result in (neither, both):
        assert result.exit_code == 1
        assert "exactly one of --url" in result.stderr
    assert salon.host.installed == []


def test_add_refuses_a_url_that_is_not_http(salon: Cli) -> None:
    result = salon("apps", "add", "hotels", "--url", "ftp://example/mcp")

    assert result.exit_code == 1
    assert "Cannot add 'hotels'" in result.stderr


def test_unreachable_app_fails_with_a_message_naming_it(salon: Cli) -> None:
    result = salon("apps", "add", "far", "--url", "http://unreachable.test/mcp")

    assert result.exit_code == 1
    assert "far: Could not reach http://unreachable.test/mcp" in result.stderr
    assert "Traceback" not in result.output


def test_list_shows_each_app_with_status_and_tools(with_hotels: Cli) -> None:
    result = with_hotels("apps", "list")

    assert result.exit_code == 0, result.output
    assert "hotels" in result.stdout
    assert "ready" in result.stdout
    assert "search_hotels (read-only)" in result.stdout


def test_list_without_apps_says_how_to_add_one(salon: Cli) -> None:
    assert "No apps installed" in salon("apps", "list").stdout


def test_remove_then_remove_again_fails_cleanly(with_hotels: Cli) -> None:
    first = with_hotels("apps", "remove", "hotels")
    second = with_hotels("apps", "remove", "hotels")

    assert first.exit_code == 0
    assert "Removed hotels." in first.stdout
    assert second.exit_code == 1
    assert "No app named 'hotels'" in second.stderr


def test_approve_clears_a_changed_tool(with_hotels: Cli) -> None:
    with_hotels.host.change_tool("hotels", "book_hotel")

    result = with_hotels("apps", "approve", "hotels", "book_hotel")

    assert result.exit_code == 0, result.output
    assert with_hotels.host.changed["hotels"] == set()


def test_data_dir_option_reaches_the_settings(with_hotels: Cli) -> None:
    assert with_hotels.settings_seen[-1].data_dir == with_hotels.data_dir
