"""The Scrapy peer of the crawl benchmark: a minimal same-host link checker (see benchmarks/README.md).

Run by benchmarks/crawl.py as `scrapy runspider benchmarks/scrapy_spider.py -a start_url=… -a out=…`. It follows every
same-host link (a, img, link, script, iframe, area), keeps every response whatever its status (HTTPERROR_ALLOW_ALL) so
that it can report the broken ones, parses only HTML, and writes {"pages", "broken": {url: [status, referer]}} to
`out` when it closes. This is what a Scrapy user would write for the job: no tuning beyond the concurrency.
"""

from __future__ import annotations

import json
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy.http import HtmlResponse

LINK_SELECTOR = "a::attr(href), area::attr(href), img::attr(src), link::attr(href), script::attr(src), iframe::attr(src)"


class SameHostSpider(scrapy.Spider):
    name = "samehost"
    custom_settings = {
        "HTTPERROR_ALLOW_ALL": True,
        "ROBOTSTXT_OBEY": False,
        "COOKIES_ENABLED": False,
        "RETRY_ENABLED": True,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "DEPTH_PRIORITY": 1,  # breadth-first, like the others
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def __init__(self, start_url: str, out: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.host = urlsplit(start_url).netloc
        self.out = out
        self.pages = 0
        self.responses = 0
        self.broken: dict[str, list[object]] = {}

    def parse(self, response: scrapy.http.Response):  # type: ignore[override]
        self.responses += 1
        if response.status >= 400:
            referer = response.request.headers.get("Referer", b"").decode("latin-1")
            self.broken[response.url] = [response.status, referer]
            return
        if not isinstance(response, HtmlResponse):
            return
        self.pages += 1
        for href in response.css(LINK_SELECTOR).getall():
            url = urldefrag(response.urljoin(href.strip()))[0]
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc == self.host:
                yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def failed(self, failure):  # type: ignore[no-untyped-def]
        request = failure.request
        self.broken[request.url] = [repr(failure.value)[:80], request.headers.get("Referer", b"").decode("latin-1")]

    def closed(self, reason: str) -> None:
        with open(self.out, "w", encoding="utf-8") as handle:
            json.dump({"pages": self.pages, "responses": self.responses, "broken": self.broken, "reason": reason},
                      handle, ensure_ascii=False)
