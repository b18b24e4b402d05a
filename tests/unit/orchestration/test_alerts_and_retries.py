"""Failed runs raise an alert; transient errors retry with backoff; bad data fails once."""

import http.server
import json
import threading

import dagster as dg

from ingestion.writer_lock import WriterBusy
from orchestration.alerts import alert_record, send_alert
from orchestration.retries import MAX_RETRIES, backoff_seconds, retry_transient


def test_an_alert_is_logged_and_posted_to_the_webhook(tmp_path):
    received = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.handle_request, daemon=True).start()
    record = alert_record("salesops_pipeline", "0123456789abcdef", "dbt_warehouse: test failed", "2026-11-03T02:10:00")
    send_alert(record, tmp_path / "alerts.log", f"http://127.0.0.1:{server.server_port}/hook")
    server.server_close()

    logged = [json.loads(line) for line in (tmp_path / "alerts.log").read_text(encoding="utf-8").splitlines()]
    assert logged == [record] == received
    assert "运行失败" in record["text"] and "01234567" in record["text"]


def _run(fail_with: list[Exception]) -> tuple[dg.ExecuteInProcessResult, list[int]]:
    attempts = []

    @dg.op
    def step(context: dg.OpExecutionContext):
        attempts.append(context.retry_number)
        with retry_transient(context):
            if fail_with:
                raise fail_with.pop(0)

    @dg.job(executor_def=dg.in_process_executor)
    def job():
        step()

    return job.execute_in_process(raise_on_error=False), attempts


def test_a_lock_wait_is_retried_and_then_succeeds(monkeypatch):
    monkeypatch.setattr("orchestration.retries.FIRST_WAIT_SECONDS", 0)
    result, attempts = _run([WriterBusy("held by another writer")])
    assert result.success and attempts == [0, 1]


def test_bad_data_fails_at_once_without_retries():
    result, attempts = _run([ValueError("未知渠道 / unknown channel")])
    assert not result.success and attempts == [0]


def test_backoff_doubles():
    assert [backoff_seconds(n) for n in range(MAX_RETRIES)] == [30, 60, 120]

