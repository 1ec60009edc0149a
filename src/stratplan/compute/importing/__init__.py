"""`stratplan import`: recognise an implementation table (a neutral grid from `io.tables`) and make a draft plan.

`columns` finds the header and what each column holds, `cells` reads amounts, terms and names, `draft` builds
the goal tree and the plan files (plain data with the cell each value came from), `workbook` reads back a
workbook written by `stratplan export --format xlsx`.
"""
