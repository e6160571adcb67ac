"""Customer import from XLSX and CSV files.

`reading` and `workbook` read the files, and `cells` converts their
values. `mapping` maps columns to customer fields, `validation` checks the
rows, and `writing` creates the customers and the rejected-rows file.
`store` keeps an import's files between its steps, and `engine` runs the
steps for the views and for the `import_customers` command.
"""
