"""metrics-server: the resource metrics pipeline (kubelet -> metrics-server -> metrics.k8s.io)."""
