# workbook
