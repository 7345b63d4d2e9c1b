require_relative "../lib/report_query"

RSpec.describe ReportQuery do
  it "filters the daily report by day and region" do
    sql = ReportQuery.daily_sales("2025-09-01", "emea")
    expect(sql).to include("day = '2025-09-01'")
    expect(sql).to include("region = 'emea'")
  end
end
