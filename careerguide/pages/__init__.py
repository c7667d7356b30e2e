"""Pages that show the records of more than one app: the home page, a school's page (with the
careers its programs lead to), a career's page and its JSON (with the career's resources).

This package sits above schools, careers and resources: each page asks their selectors for what it
shows, so that every app below depends only on the ones below it.
"""
