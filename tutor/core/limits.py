"""How much of a lesson the app shows at once: the limits lint and the app share.

The app lays out a whole page (or one quiz question, or one drill step, with its
options or choices and their feedback) before it draws it. Measured with the
app's own `DocView` at 80x24 on a shared two-core machine (bench figures in
docs/lesson-format.md, "Limits"), showing a page took about 0.2 s at 10 KB,
0.4 to 0.6 s at 32 KB, and 1.5 s (lists) to 2 s (paragraphs) at 100 to 200 KB,
growing with the size. So:

- `PAGE_WARN`: above this, lint warns (P002): the page is long for a learner, and
  slower to turn to.
- `PAGE_LIMIT`: above this, lint refuses the module (P005), and so the app never
  opens a course that holds such a page. The app may rely on it: a page, question
  or step of a course it opened is at most this many bytes of markdown. Anything
  shown that did not come through lint (a preview of a broken file) should be
  refused or cut at this size, with a message, rather than laid out.
- `MAX_OPTIONS`: the most options a question, or choices a step, may have (each is
  a widget of its own).
"""

PAGE_WARN = 10 * 1024
PAGE_LIMIT = 32 * 1024
MAX_OPTIONS = 12
