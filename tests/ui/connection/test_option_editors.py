"""The option editors: values round-trip, bad text is named next to its field, warnings show."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel, QLineEdit, QPushButton

from wsgui.core.model.options import Auth, ConnectOptions, OptionsError, ProxyMode, UserAgentMode
from wsgui.ui.connection.auth_editor import AuthEditor
from wsgui.ui.connection.proxy_editor import ProxyEditor
from wsgui.ui.connection.query_table import VALUE, QueryTable
from wsgui.ui.connection.settings_editor import SettingsEditor, format_size
from wsgui.ui.connection.tls_editor import TlsEditor

BLANK = ConnectOptions(url="ws://x/")


def label(widget: Any, name: str) -> str:
    found = widget.findChild(QLabel, name)
    assert found is not None, name
    return str(found.text())


def edit(widget: Any, name: str) -> QLineEdit:
    found = widget.findChild(QLineEdit, name)
    assert found is not None, name
    return found


def test_auth_round_trip_and_masked_secret(qtbot: Any) -> None:
    editor = AuthEditor()
    qtbot.addWidget(editor)
    loaded = ConnectOptions(url="ws://x/", auth=Auth.BASIC, auth_user="al", auth_secret="pw")
    with qtbot.assertNotEmitted(editor.changed):
        editor.load(loaded)
    out = editor.apply(BLANK)
    assert (out.auth, out.auth_user, out.auth_secret) == (Auth.BASIC, "al", "pw")
    secret = edit(editor, "authSecret")
    assert secret.echoMode() == QLineEdit.EchoMode.Password
    reveal = editor.findChild(QPushButton, "authReveal")
    reveal.click()
    assert secret.echoMode() == QLineEdit.EchoMode.Normal
    reveal.click()
    assert secret.echoMode() == QLineEdit.EchoMode.Password
    assert "Not saved: it lives in memory until the profile is saved" in label(editor, "authNote")
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(secret, "x")
    assert editor.apply(BLANK).auth_secret == "pwx"


def test_auth_bearer_hides_the_user_and_renames_the_field(qtbot: Any) -> None:
    editor = AuthEditor()
    qtbot.addWidget(editor)
    editor.load(ConnectOptions(url="ws://x/", auth=Auth.BEARER, auth_secret="tok"))
    assert not edit(editor, "authUser").isVisibleTo(editor)
    assert edit(editor, "authSecret").isVisibleTo(editor)
    assert editor.secret_label.text() == "Token"
    assert editor.apply(BLANK).authorization() == "Bearer tok"
    editor.load(BLANK)
    assert not edit(editor, "authSecret").isVisibleTo(editor)
    editor.show_errors({"auth": "Bearer auth: the token is empty", "tls": "not mine"})
    assert label(editor, "authMessage") == "Bearer auth: the token is empty"
    editor.show_errors({})
    assert label(editor, "authMessage") == ""


def test_settings_round_trip(qtbot: Any) -> None:
    editor = SettingsEditor()
    qtbot.addWidget(editor)
    assert editor.findChild(QCheckBox, "journalCheck").isChecked()  # kept by default
    loaded = ConnectOptions(
        url="ws://x/",
        user_agent_mode=UserAgentMode.CUSTOM,
        user_agent_value="probe/1",
        open_timeout=2.5,
        close_timeout=3,
        ping_interval=None,
        ping_timeout=7,
        max_size=65536,
        compression=False,
        journal=False,
    )
    with qtbot.assertNotEmitted(editor.changed):
        editor.load(loaded)
    journal = editor.findChild(QCheckBox, "journalCheck")
    assert not journal.isChecked() and "not written to the history" in journal.toolTip()
    assert edit(editor, "maxSizeEdit").text() == "64 KiB"
    assert edit(editor, "pingIntervalEdit").text() == "off"
    assert edit(editor, "userAgentEdit").isEnabled()
    assert editor.apply(BLANK) == loaded


def test_settings_empty_text_means_the_library_default(qtbot: Any) -> None:
    editor = SettingsEditor()
    qtbot.addWidget(editor)
    editor.load(ConnectOptions(url="ws://x/", open_timeout=1, max_size=None))
    for name in ("openTimeoutEdit", "maxSizeEdit"):
        edit(editor, name).setText("")
    out = editor.apply(BLANK)
    assert (out.open_timeout, out.max_size) == (10.0, 16 * 2**20)
    assert edit(editor, "maxSizeEdit").placeholderText() == "16 MiB (default)"


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("openTimeout", "abc", "Open timeout: 'abc' is not a number of seconds"),
        ("pingTimeout", "-1", "Ping timeout: must be more than 0 seconds"),
        ("maxSize", "5 parsecs", "Max message size: unknown unit 'parsecs' (use B, KiB, MiB, GiB)"),
    ],
)
def test_settings_bad_text_is_named_next_to_its_field(
    qtbot: Any, field: str, text: str, message: str
) -> None:
    editor = SettingsEditor()
    qtbot.addWidget(editor)
    edit(editor, f"{field}Edit").setText(text)
    with pytest.raises(OptionsError) as raised:
        editor.apply(BLANK)
    assert str(raised.value) == message
    assert label(editor, f"{field}Message") == message
    assert label(editor, "closeTimeoutMessage") == ""


def test_settings_typing_checks_live_and_unlimited_warns(qtbot: Any) -> None:
    editor = SettingsEditor()
    qtbot.addWidget(editor)
    size = edit(editor, "maxSizeEdit")
    note = editor.findChild(QLabel, "maxSizeNote")
    assert not note.isVisibleTo(editor)
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(size, "x")  # "1 MiBx"
    assert label(editor, "maxSizeMessage").startswith("Max message size: unknown unit")
    size.clear()
    qtbot.keyClicks(size, "unlimited")
    assert label(editor, "maxSizeMessage") == ""
    assert note.isVisibleTo(editor)
    assert label(editor, "maxSizeNote") == "Unlimited: a huge message can exhaust memory"
    assert editor.apply(BLANK).max_size is None


def test_settings_show_errors_routes_timeouts_to_the_named_field(qtbot: Any) -> None:
    editor = SettingsEditor()
    qtbot.addWidget(editor)
    editor.show_errors({"timeouts": "Ping interval: must be more than 0 seconds"})
    assert label(editor, "pingIntervalMessage") == "Ping interval: must be more than 0 seconds"
    assert label(editor, "openTimeoutMessage") == ""
    editor.show_errors({})
    assert label(editor, "pingIntervalMessage") == ""


def test_format_size_uses_binary_units_when_exact() -> None:
    assert [format_size(n) for n in (2**20, 65536, 1000, None)] == [
        "1 MiB",
        "64 KiB",
        "1000 B",
        "unlimited",
    ]


def test_tls_round_trip_badge_and_errors(qtbot: Any, tmp_path: Any) -> None:
    editor = TlsEditor()
    qtbot.addWidget(editor)
    badge = editor.findChild(QLabel, "tlsWarning")
    assert not badge.isVisibleTo(editor)
    loaded = ConnectOptions(
        url="ws://x/",
        verify_tls=False,
        ca_file="/ca.pem",
        client_cert="/c.pem",
        client_key="/k.pem",
        server_name="example.com",
    )
    editor.load(loaded)
    assert editor.apply(BLANK) == loaded
    assert badge.isVisibleTo(editor)
    assert "TLS verification is off" in badge.text()
    editor.verify_check.click()
    assert not badge.isVisibleTo(editor)
    editor.show_errors({"tls": "Client key: /k.pem does not exist", "server_name": "bad"})
    assert label(editor, "clientKeyMessage") == "Client key: /k.pem does not exist"
    assert label(editor, "serverNameMessage") == "bad"
    editor.show_errors({"tls": "CA bundle: /ca.pem does not exist"})
    assert label(editor, "caFileMessage") == "CA bundle: /ca.pem does not exist"
    editor.show_errors({})
    assert label(editor, "caFileMessage") == label(editor, "clientKeyMessage") == ""


def test_tls_browse_opens_a_non_modal_picker(qtbot: Any, tmp_path: Any) -> None:
    editor = TlsEditor()
    qtbot.addWidget(editor)
    editor.browse("client_cert")
    dialog = editor.file_dialog
    assert isinstance(dialog, QFileDialog)
    assert dialog.isVisible()
    with qtbot.waitSignal(editor.changed):
        dialog.fileSelected.emit(str(tmp_path / "me.pem"))
    dialog.close()
    assert editor.apply(BLANK).client_cert == str(tmp_path / "me.pem")


def test_proxy_round_trip_and_environment_listing(qtbot: Any, monkeypatch: Any) -> None:
    for name in ("ws_proxy", "wss_proxy", "socks_proxy", "https_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://u:secret@127.0.0.1:1")
    editor = ProxyEditor()
    qtbot.addWidget(editor)
    loaded = ConnectOptions(url="ws://x/", proxy_mode=ProxyMode.URL, proxy_url="socks5://h:1")
    editor.load(loaded)
    assert editor.apply(BLANK) == loaded
    assert edit(editor, "proxyUrlEdit").isEnabled()
    editor.load(ConnectOptions(url="ws://x/", proxy_mode=ProxyMode.ENVIRONMENT))
    info = label(editor, "proxyInfo")
    assert "HTTPS_PROXY=http://u:••••••@127.0.0.1:1" in info
    assert "secret" not in info
    assert not edit(editor, "proxyUrlEdit").isEnabled()
    editor.show_errors({"proxy_url": "Proxy: the URL has no host"})
    assert label(editor, "proxyUrlMessage") == "Proxy: the URL has no host"
    editor.show_errors({})
    assert label(editor, "proxyUrlMessage") == ""


def test_query_table_follows_the_url_and_rewrites_only_the_query(qtbot: Any) -> None:
    table = QueryTable()
    qtbot.addWidget(table)
    with qtbot.assertNotEmitted(table.url_edited):
        table.set_url("ws://h/p?a=1&b=x%20y#f")
    assert table.pairs() == [("a", "1"), ("b", "x y")]
    assert table.rowCount() == 3  # plus the blank row
    with qtbot.waitSignal(table.url_edited) as edited:
        table.item(0, VALUE).setText("2")
    assert edited.args == ["ws://h/p?a=2&b=x%20y#f"]
    table.item(0, VALUE).setToolTip("kept")
    table.set_url(edited.args[0])  # the URL field echoing the edit back: rows are not rebuilt
    assert table.item(0, VALUE).toolTip() == "kept"
    with qtbot.waitSignal(table.url_edited) as edited:
        table.item(2, 0).setText("c/d")  # typing a name in the blank row adds a parameter
    assert edited.args == ["ws://h/p?a=2&b=x%20y&c/d=#f"]
    assert table.rowCount() == 4


def test_query_table_without_rows_has_no_question_mark(qtbot: Any) -> None:
    table = QueryTable()
    qtbot.addWidget(table)
    table.set_url("wss://u:p@h:1/p?only=1")
    with qtbot.waitSignal(table.url_edited) as edited:
        table.item(0, 0).setText("")
    assert edited.args == ["wss://u:p@h:1/p"]
    table.set_url("ws://[::1/?z=1")  # unparsable: the rows stay
    assert table.pairs() == []


def test_query_edit_keeps_the_other_parameters_byte_for_byte(qapp: Any) -> None:
    from wsgui.ui.connection.query_table import QueryTable

    table = QueryTable()
    urls: list[str] = []
    table.url_edited.connect(urls.append)
    table.set_url("ws://h.test/p?token=abc+def/g==&debug&x=1")
    assert table.pairs() == [("token", "abc+def/g=="), ("debug", ""), ("x", "1")]
    table.item(2, 1).setText("2")
    assert urls == ["ws://h.test/p?token=abc+def/g==&debug&x=2"]


def test_proxy_password_typed_in_the_url_moves_to_the_masked_field(qapp: Any) -> None:
    from PySide6.QtWidgets import QLineEdit

    from wsgui.core.model.options import ConnectOptions, ProxyMode
    from wsgui.ui.connection.proxy_editor import ProxyEditor

    editor = ProxyEditor()
    editor.load(ConnectOptions(url="ws://x/", proxy_mode=ProxyMode.URL))
    editor.url_edit.setText("http://bob:Pr0xyPw@127.0.0.1:3128")
    editor.url_edit.editingFinished.emit()
    assert editor.url_edit.text() == "http://bob@127.0.0.1:3128"
    assert editor.password_edit.echoMode() == QLineEdit.EchoMode.Password
    applied = editor.apply(ConnectOptions(url="ws://x/"))
    assert applied.proxy_url == "http://bob:Pr0xyPw@127.0.0.1:3128"
    editor.load(applied)
    assert "Pr0xyPw" not in editor.url_edit.text()


def test_reconnect_settings_round_trip_and_bad_values_named(qtbot: Any) -> None:
    editor = SettingsEditor()
    qtbot.addWidget(editor)
    options = ConnectOptions(
        url="ws://h/",
        reconnect=True,
        reconnect_initial_delay=0.5,
        reconnect_max_delay=20,
        reconnect_attempts=3,
    )
    editor.load(options)
    assert editor.apply(ConnectOptions(url="ws://h/")) == options
    editor.edits["reconnect_attempts"].setText("three")
    with pytest.raises(OptionsError, match="Attempts: 'three' is not a whole number"):
        editor.apply(options)
    assert editor.messages["reconnect_attempts"].text().startswith("Attempts: 'three'")
    editor.edits["reconnect_attempts"].setText("3")
    editor.edits["reconnect_max_delay"].setText("0.1")
    with pytest.raises(OptionsError, match="Maximum delay: must be at least the first delay"):
        editor.apply(options)
    assert editor.messages["reconnect_max_delay"].isVisibleTo(editor)


def test_socketio_tab_round_trip_and_bad_auth_named(qtbot: Any) -> None:
    from wsgui.core.model.options import Protocol, SioTransports
    from wsgui.ui.connection.socketio_editor import SocketIOEditor

    editor = SocketIOEditor()
    qtbot.addWidget(editor)
    options = ConnectOptions(
        url="http://h/",
        protocol=Protocol.SOCKETIO,
        sio_path="/io/",
        sio_namespace="/chat",
        sio_auth='{"token": "t"}',
        sio_transports=SioTransports.POLLING,
    )
    editor.load(options)
    # the kind is the URL row's (connectionKind); the tab keeps the rest
    assert editor.apply(ConnectOptions(url="http://h/", protocol=Protocol.SOCKETIO)) == options
    editor.auth.setText('{"token": ')
    with pytest.raises(OptionsError, match=r"Socket.IO auth: not JSON \(line 1, column 11\)"):
        editor.apply(options)
    assert editor.auth_message.text().startswith("Socket.IO auth: not JSON")
