"""One pagination rule for every list (HTML and JSON): any `page` lands on a real page, with a notice."""

from .text import clean_text


def clamp_page(raw, paginator):
    """(page number to show, notice or None): text shows page 1, too far shows the last page."""
    last = paginator.num_pages
    if raw in (None, ""):
        return 1, None
    if raw == "last":
        return last, None
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1, f"“{clean_text(raw, 20)}” is not a page number; showing page 1."
    if number < 1:
        return 1, f"There is no page {number}; showing page 1."
    if number > last:
        pages = "is only 1 page" if last == 1 else f"are only {last} pages"
        return last, f"There {pages}; showing page {last}."
    return number, None


class ForgivingPaginationMixin:
    """For ListViews: pagination by `clamp_page` instead of a 404 on a bad `page`."""

    page_notice = None

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        number, self.page_notice = clamp_page(self.request.GET.get(self.page_kwarg), paginator)
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_notice"] = self.page_notice or ""
        return context
