"""Sending statements to a Learning Record Store, and reading them back.

- `client.LrsClient`: POST and GET on an LRS's statements resource (stdlib http.client).
- `ledger.Ledger`: which statement each event slot has in one LRS, as acknowledged.
- `sender.Sender`: batches, retries with backoff, voids superseded statements, keeps the
  ledger; used by `tutor send` and by the app's background sending.
- `outbox.Outbox`: the app's durable queue in the progress folder, and `drain()`.
- `config`: where the endpoint and the credentials come from.

Pure core: no textual, no rich.
"""
