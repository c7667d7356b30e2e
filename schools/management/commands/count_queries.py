"""Print, as JSON, how many SQL queries each URL runs (used by the benchmark)."""

import json

from django.core.management import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    help = "Request each URL in-process and print {url: {status, queries}} as JSON."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+")

    def handle(self, *args, urls, **options):
        client = Client()
        counts = {}
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                if getattr(response, "streaming", False):
                    for _ in response.streaming_content:
                        pass
            counts[url] = {"status": response.status_code, "queries": len(captured.captured_queries)}
        self.stdout.write(json.dumps(counts))
