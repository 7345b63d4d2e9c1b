{{/* One container of a service: its image, ports, env, resources and mounts. */}}
{{- define "sourcegraph.container" -}}
{{- $root := index . 0 -}}{{- $svc := index . 1 -}}{{- $name := index . 2 -}}
- name: {{ $name }}
  image: {{ $root.Values.sourcegraph.image.repository }}/{{ $svc.image.name }}:{{ $svc.image.defaultTag | default $root.Values.sourcegraph.image.defaultTag }}
  {{- with $svc.env }}
  env:
    {{- range $key, $env := . }}
    - name: {{ $key }}
      {{- toYaml $env | nindent 6 }}
    {{- end }}
  {{- end }}
  resources:
    {{- toYaml $svc.resources | nindent 4 }}
{{- end -}}

{{- define "sourcegraph.labels" -}}
app: {{ . }}
deploy: sourcegraph
{{- end -}}
