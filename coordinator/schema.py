"""The schema revision this code writes, known without loading Alembic.

Opening a database that is already at this revision (the everyday case) then costs one query
instead of importing Alembic (half a second of start-up). A test checks it equals Alembic's
head, so a new migration cannot forget to move it.
"""

HEAD_REVISION = "0004"
