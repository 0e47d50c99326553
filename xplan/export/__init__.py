"""The plans out to the tools the city works in: a SQLite database for Datasette, a workbook, a
folder of CSV files with a Frictionless Data Package, and a plan as a Word document.

``tables`` defines the data set's tables once; ``dataset`` fills them from the loaded plans;
``sqlite``, ``workbook`` and ``csvpack`` write them; ``write`` picks the format by the file name
and writes atomically; ``docx`` writes ``xplan show`` as a Word document.
"""
