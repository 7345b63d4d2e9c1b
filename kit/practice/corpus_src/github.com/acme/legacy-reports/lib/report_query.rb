# Builds the SQL behind each report.
module ReportQuery
  module_function

  def daily_sales(day, region)
    "SELECT sku, SUM(quantity) AS units FROM sales " \
      "WHERE day = '#{day}' AND region = '#{region}' GROUP BY sku ORDER BY units DESC"
  end

  def top_customers(limit)
    "SELECT customer_id, SUM(total) FROM orders GROUP BY customer_id ORDER BY 2 DESC LIMIT " + limit.to_s
  end
end
