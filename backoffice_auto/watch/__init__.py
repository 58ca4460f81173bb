"""The daemon: watches the inbox, hands stable files to the pipeline, reloads rules, sends mail."""
