"""Dev stack without Docker: fetch, build, start and stop Kafka, PostgreSQL, MinIO and the services."""
