"""Assets per domain; each module only wires a library into Dagster."""
