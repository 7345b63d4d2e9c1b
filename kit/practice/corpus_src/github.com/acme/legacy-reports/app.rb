require "sinatra"
require "pg"
require "yaml"
require_relative "lib/report_query"

DB_CONFIG = YAML.load_file(File.join(__dir__, "config/database.yml")).fetch("production")

set :bind, "0.0.0.0"
set :port, 4567
set :ssl_key, File.join(__dir__, "config/certs/reports.key")

helpers do
  def db
    @db ||= PG.connect(host: DB_CONFIG["host"], dbname: DB_CONFIG["database"],
                       user: DB_CONFIG["username"], password: DB_CONFIG["password"])
  end
end

get "/reports/daily" do
  @rows = db.exec(ReportQuery.daily_sales(params[:day], params[:region])).to_a
  erb :daily
end

get "/reports/customer/:id" do
  @rows = db.exec_params("SELECT * FROM orders WHERE customer_id = $1", [params[:id]]).to_a
  erb :daily
end
